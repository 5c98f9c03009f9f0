import Testing
import Lang
