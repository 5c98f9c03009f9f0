// The system SQLite library (libsqlite3-dev), for the language's small read-only decision-log reader.
#include <sqlite3.h>
