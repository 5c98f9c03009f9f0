import Testing
import Frame
