#include <genauth/genauth.hpp>

int main() { (void)genauth::build(genauth::management_options{}, genauth::reset_factor_request{}); }
