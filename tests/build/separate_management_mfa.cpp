// The management API's mfa group, compiled once in a file of its own.
#include <genauth/management/api/mfa_src.hpp>
