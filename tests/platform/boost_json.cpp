// Boost.JSON compiled into the program, for targets that have no Boost.JSON library.
#include <boost/json/src.hpp>
