#include <genauth/genauth.hpp>

int main() { (void)genauth::build(genauth::authentication_options{}, genauth::import_otp_request{}); }
