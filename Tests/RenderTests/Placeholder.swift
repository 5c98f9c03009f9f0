import Testing
import Render
