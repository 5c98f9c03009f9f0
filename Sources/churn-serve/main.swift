import Serve
