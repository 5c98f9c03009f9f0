import Testing
import Learn
