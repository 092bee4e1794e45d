// The answer the calls of one_call.cpp and build_and_parse.cpp get: a whole envelope of
// get_user_mfa_info (with `success`, for one_call.cpp's call of another group), so that the test
// suite can run them.
#pragma once

constexpr char answer[] = R"({"statusCode":200,"message":"","data":)"
                          R"({"totpStatus":true,"faceMfaStatus":false,"smsMfaStatus":false,"emailMfaStatus":false,"success":true}})";
