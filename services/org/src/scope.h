#pragma once
// O3-O5: who may see and act on what. Pure: the caller's departments and the
// object's departments come in, a decision goes out.

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "keyway/auth/principal.h"

namespace keyway::org {

struct ScopeSubject {
  auth::Role role = auth::Role::kUnspecified;
  bool departmental = false;             // O1: the organisation has departments
  std::set<std::string> departments;     // the caller's, when a Manager
};

// OK when the caller may act on an object (a lock, a property, a department)
// that belongs to `object_departments`; otherwise PERMISSION_DENIED naming
// the rule. `what` names the object in the message ("lock 7f3c...").
absl::Status CheckScope(const ScopeSubject& subject,
                        const std::vector<std::string>& object_departments,
                        const std::string& what);

// Whether the caller sees everything of the organisation (O3, and Managers of
// a flat organisation, which has no departments to limit them).
bool SeesWholeOrganisation(const ScopeSubject& subject);

}  // namespace keyway::org
