#pragma once
// Helpers shared by the files that implement Org; not an interface.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "org.h"

namespace keyway::org::internal {

// K2: an entry in the organisation's audit trail.
void Audit(pqxx::work& tx, const Caller& caller, const std::string& action,
           const std::string& target_type, const std::string& target_id,
           const nlohmann::json& details = nlohmann::json::object());

// Each id a UUID, none repeated; at most `max`. INVALID_ARGUMENT otherwise.
absl::Status ValidateIds(const std::vector<std::string>& ids, const std::string& field,
                         size_t max = 1000);

// NOT_FOUND in the words O6 asks for: exactly as if the object did not exist.
absl::Status NotFound(const std::string& what, const std::string& id);

// O1: INVALID_ARGUMENT in a flat organisation.
absl::Status RequireDepartmental(const store::OrganisationRow& org);

// Keyset paging over (lower(name), id): the position decoded from a token.
absl::StatusOr<std::optional<store::After>> DecodeAfter(const std::string& token,
                                                        const std::string& query);

}  // namespace keyway::org::internal
