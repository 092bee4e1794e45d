#pragma once

#include <genauth/config.hpp>

#include <cstddef>

GENAUTH_NAMESPACE_BEGIN

/// Bounds applied to every response before and while it is parsed.
struct response_limits {
  std::size_t max_body_size = 4 * 1024 * 1024;  ///< a larger body is a decode error (4 MiB)
};

/// Bounds on what a request may carry, checked before anything is sent: a runaway value (a
/// megabyte "user id") is a bug, and the service would refuse it anyway.
struct request_limits {
  std::size_t max_value_size = 1024;              ///< bytes per string value (ids, codes, tokens, names)
  std::size_t max_photo_size = 5 * 1024 * 1024;   ///< bytes of a FACE enrolment photo (Base64 or URL)
  std::size_t max_body_size = 64 * 1024;          ///< bytes of a request body, a photo not counted
};

GENAUTH_NAMESPACE_END
