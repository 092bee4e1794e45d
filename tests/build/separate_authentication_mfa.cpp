// The authentication API's mfa group, compiled once in a file of its own.
#include <genauth/authentication/api/mfa_src.hpp>
