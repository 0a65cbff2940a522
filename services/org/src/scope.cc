#include "scope.h"

#include "absl/strings/str_cat.h"

namespace keyway::org {

bool SeesWholeOrganisation(const ScopeSubject& s) {
  return auth::IsOrganisationAdmin(s.role) || (s.role == auth::Role::kManager && !s.departmental);
}

absl::Status CheckScope(const ScopeSubject& s, const std::vector<std::string>& object_departments,
                        const std::string& what) {
  if (SeesWholeOrganisation(s)) return absl::OkStatus();
  if (s.role == auth::Role::kManager) {
    for (const auto& d : object_departments) {
      if (s.departments.count(d) != 0) return absl::OkStatus();
    }
    return absl::PermissionDeniedError(
        absl::StrCat(what, " is not in any of your departments: a Manager acts only in their "
                           "departments (O4)"));
  }
  return absl::PermissionDeniedError(absl::StrCat(
      what, " is out of reach: a Lock User sees only the locks they hold access to (O5)"));
}

}  // namespace keyway::org
