// A small store behind the generated endpoints of the CRUD families: what one call creates, the
// next gets, lists, updates and deletes. A record is the answer its create gave, with the request's
// members of the same name and kind over it; a family's records are named by one member (a role by its `code`, a user by its
// `userId`). A key nothing created is answered from the declaration as before; a deleted one is
// not found.

#include "service.hpp"

#include <array>
#include <string>

namespace genauth_emulator {
namespace {

struct family {
  std::string_view name;    ///< for messages
  std::string_view key;     ///< the member that names a record
  std::string_view create, get, list, update, remove;
  std::string_view removed;  ///< the request member listing the keys to delete; empty: `key`
  std::string_view renamed;  ///< the request member giving a record a new key on update
};

constexpr std::array<family, 8> families{{
    {"user", "userId", "/api/v3/create-user", "/api/v3/get-user", "/api/v3/list-users", "/api/v3/update-user",
     "/api/v3/delete-users-batch", "userIds", ""},
    {"role", "code", "/api/v3/create-role", "/api/v3/get-role", "/api/v3/list-roles", "/api/v3/update-role",
     "/api/v3/delete-roles-batch", "codeList", "newCode"},
    {"group", "code", "/api/v3/create-group", "/api/v3/get-group", "/api/v3/list-groups", "/api/v3/update-group",
     "/api/v3/delete-groups-batch", "codeList", "newCode"},
    {"namespace", "code", "/api/v3/create-namespace", "/api/v3/get-namespace", "/api/v3/list-namespaces",
     "/api/v3/update-namespace", "/api/v3/delete-namespace", "", "newCode"},
    {"resource", "code", "/api/v3/create-resource", "/api/v3/get-resource", "/api/v3/list-resources",
     "/api/v3/update-resource", "/api/v3/delete-resource", "", ""},
    {"webhook", "webhookId", "/api/v3/create-webhook", "/api/v3/get-webhook", "/api/v3/list-webhooks",
     "/api/v3/update-webhook", "/api/v3/delete-webhook", "webhookIds", ""},
    {"access key", "accessKeyId", "/api/v3/create-access-key", "/api/v3/get-access-key", "",
     "/api/v3/update-access-key", "/api/v3/delete-access-key", "", ""},
    {"tenant", "tenantId", "/api/v3/create-tenant", "/api/v3/get-tenant", "/api/v3/list-tenants",
     "/api/v3/update-tenant", "/api/v3/delete-tenant", "", ""},
}};

bool same_kind(boost::json::value const& a, boost::json::value const& b) {
  return a.kind() == b.kind() || (a.is_number() && b.is_number());
}

/// `record` with the request's members over those it has of the same kind (a request and its answer
/// sometimes type one member apart); the members that only steer the call stay out.
void overlay(boost::json::object& record, boost::json::object const& request, family const& f) {
  for (auto const& [k, v] : request)
    if (auto* mine = record.if_contains(k); mine && same_kind(*mine, v) && k != f.renamed && k != f.removed) *mine = v;
}

}  // namespace

outcome service::stored(std::string_view path, boost::json::object const& request, boost::json::value data) {
  for (auto const& f : families) {
    auto& records = records_[std::string(f.name)];
    auto& gone = removed_[std::string(f.name)];
    std::string const key = string_member(request, f.key);
    if (path == f.create && data.is_object()) {
      overlay(data.as_object(), request, f);
      std::string const made = string_member(data.as_object(), f.key);
      records[made] = data.as_object();
      gone.erase(made);
      return ok(std::move(data));
    }
    if (path == f.get || path == f.update) {
      if (gone.contains(key)) return fail({404, 0, std::string(f.name) + " not found: " + key});
      auto const found = records.find(key);
      if (found == records.end()) return ok(std::move(data));  // never created here: as declared
      if (path == f.get) return ok(found->second);
      boost::json::object record = std::move(found->second);
      overlay(record, request, f);
      std::string const now = f.renamed.empty() ? key : string_member(request, f.renamed);
      records.erase(found);
      if (!now.empty() && now != key) {
        record[f.key] = now;
        gone.insert(key);
      }
      records[now.empty() ? key : now] = record;
      // An update answers the record, or (a success flag) what the store did.
      if (data.is_object() && data.as_object().contains(f.key)) return ok(std::move(record));
      return ok(std::move(data));
    }
    if (path == f.list && !records.empty()) {
      boost::json::array list;
      for (auto const& [k, record] : records) list.push_back(record);
      if (auto* paging = data.if_object(); paging && paging->contains("list")) {
        (*paging)["totalCount"] = list.size();
        (*paging)["list"] = std::move(list);
      } else if (data.is_array()) {
        data = std::move(list);
      }
      return ok(std::move(data));
    }
    if (path == f.remove) {
      std::vector<std::string> keys;
      if (f.removed.empty()) {
        keys.push_back(key);
      } else if (auto const* listed = request.if_contains(f.removed); listed && listed->is_array()) {
        for (auto const& k : listed->as_array())
          if (k.is_string()) keys.emplace_back(k.as_string());
      }
      for (auto const& k : keys) {
        records.erase(k);
        gone.insert(k);
      }
      return ok(std::move(data));
    }
  }
  return ok(std::move(data));
}

}  // namespace genauth_emulator
