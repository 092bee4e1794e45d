// windows.h defines min and max as function-like macros unless NOMINMAX is set; the SDK's own
// code must not be broken by them.
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

#include <genauth/genauth.hpp>
#include <genauth/testing/fake_transport.hpp>

int main() { return genauth::imf_fixdate({}).size() == 29 ? 0 : 1; }
