#include "keyway/auth/principal.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace keyway::auth {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kOwner: return "owner";
    case Role::kAdmin: return "admin";
    case Role::kManager: return "manager";
    case Role::kLockUser: return "lock_user";
    case Role::kUnspecified: break;
  }
  return "unspecified";
}

const char* RoleTitle(Role role) {
  switch (role) {
    case Role::kOwner: return "Owner";
    case Role::kAdmin: return "Admin";
    case Role::kManager: return "Manager";
    case Role::kLockUser: return "Lock User";
    case Role::kUnspecified: break;
  }
  return "no role";
}

std::optional<Role> RoleFromName(absl::string_view name) {
  for (Role r : {Role::kOwner, Role::kAdmin, Role::kManager, Role::kLockUser}) {
    if (name == RoleName(r)) return r;
  }
  return std::nullopt;
}

absl::Status RequireRole(const Principal& principal, std::initializer_list<Role> allowed,
                         absl::string_view action) {
  if (std::find(allowed.begin(), allowed.end(), principal.role) != allowed.end()) {
    return absl::OkStatus();
  }
  std::vector<std::string> titles;
  for (Role r : allowed) titles.push_back(RoleTitle(r));
  return absl::PermissionDeniedError(absl::StrCat("only ", absl::StrJoin(titles, " or "),
                                                  " may ", action, "; you are ",
                                                  RoleTitle(principal.role)));
}

}  // namespace keyway::auth
