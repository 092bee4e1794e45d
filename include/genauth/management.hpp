#pragma once

// The management client with every endpoint of its API the SDK declares.

#include <genauth/genauth.hpp>
#include <genauth/management/api/all.hpp>
