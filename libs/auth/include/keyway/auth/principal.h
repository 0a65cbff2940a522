#pragma once
// Who is calling: a user acting in one organisation with one role (O2).

#include <initializer_list>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace keyway::auth {

enum class Role { kUnspecified = 0, kOwner = 1, kAdmin = 2, kManager = 3, kLockUser = 4 };

// "owner", "admin", "manager", "lock_user": the names stored and put in tokens.
const char* RoleName(Role role);
std::optional<Role> RoleFromName(absl::string_view name);
// "Owner", "Admin", "Manager", "Lock User": for messages people read.
const char* RoleTitle(Role role);

struct Principal {
  std::string user_id;
  std::string organisation_id;
  Role role = Role::kUnspecified;
  std::string session_id;  // the login session the token belongs to
};

// O3: Owners and Admins see and manage everything in their organisation.
inline bool IsOrganisationAdmin(Role role) { return role == Role::kOwner || role == Role::kAdmin; }

// PERMISSION_DENIED naming the roles that may, unless the principal has one of them.
absl::Status RequireRole(const Principal& principal, std::initializer_list<Role> allowed,
                         absl::string_view action);

}  // namespace keyway::auth
