// The one file of the program that compiles how the clients send their endpoints.
#include <genauth/src.hpp>
