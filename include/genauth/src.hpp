#pragma once

// The separately compiled mode: build with GENAUTH_SEPARATE_COMPILATION defined everywhere, and
// include this header in exactly one source file. The clients' headers then only declare how an
// endpoint is sent; this file compiles it, once, for every endpoint of the SDK. To spread that
// work over several files, include genauth/core_src.hpp in one and each group's
// genauth/<client>/api/<group>_src.hpp in one each instead.

#ifndef GENAUTH_SEPARATE_COMPILATION
#error "genauth/src.hpp is for builds with GENAUTH_SEPARATE_COMPILATION defined"
#endif

#include <genauth/authentication/api/all_src.hpp>
#include <genauth/core_src.hpp>
#include <genauth/management/api/all_src.hpp>
