// Thin shim over libedit's readline emulation. <stdio.h> must precede readline.h, and
// Swift 6 cannot assign libedit's mutable C globals directly, so small setters do it.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <editline/readline.h>
static inline void churn_rl_set_name(const char *name) { rl_readline_name = strdup(name); }
static inline void churn_rl_set_completer(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void churn_rl_completion_over(void) { rl_attempted_completion_over = 1; }
static inline void churn_rl_set_word_breaks(const char *s) { rl_basic_word_break_characters = strdup(s); }
/// The terminal width of standard output in columns (ioctl TIOCGWINSZ), or 0 when unknown.
static inline int churn_terminal_columns(void) { struct winsize w; return ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 ? w.ws_col : 0; }
