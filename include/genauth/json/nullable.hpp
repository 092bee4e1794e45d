#pragma once

#include <genauth/config.hpp>

#include <optional>

GENAUTH_NAMESPACE_BEGIN

/// A member in three states, for the fields the service reads as "leave it", "clear it" or "set
/// it" (TypeScript's optional `T | null`): absent (empty: not sent, and a missing key when read),
/// null (`x.emplace()`: sent as `null` in a JSON body, and a `null` when read) or a value
/// (`x = value`). A query or form leaves a null out, as it leaves out an absent member.
template <class T>
using nullable = std::optional<std::optional<T>>;

GENAUTH_NAMESPACE_END
