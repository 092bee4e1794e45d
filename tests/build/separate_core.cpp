// The signing code and the endpoints written by hand, compiled once.
#include <genauth/core_src.hpp>
