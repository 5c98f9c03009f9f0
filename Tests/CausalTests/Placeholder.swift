import Testing
import Causal
