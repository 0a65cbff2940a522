#include <catch2/catch.hpp>

#include "keyway/auth/principal.h"

using namespace keyway::auth;

TEST_CASE("O3: Owners and Admins are organisation administrators, others are not") {
  CHECK(IsOrganisationAdmin(Role::kOwner));
  CHECK(IsOrganisationAdmin(Role::kAdmin));
  CHECK_FALSE(IsOrganisationAdmin(Role::kManager));
  CHECK_FALSE(IsOrganisationAdmin(Role::kLockUser));
}

TEST_CASE("role names round-trip and unknown names are refused") {
  for (Role r : {Role::kOwner, Role::kAdmin, Role::kManager, Role::kLockUser}) {
    CHECK(RoleFromName(RoleName(r)) == r);
  }
  CHECK_FALSE(RoleFromName("root").has_value());
}

TEST_CASE("RequireRole names who may act") {
  Principal manager{"u", "o", Role::kManager, "s"};
  auto s = RequireRole(manager, {Role::kOwner, Role::kAdmin}, "invite users");
  CHECK(s.code() == absl::StatusCode::kPermissionDenied);
  CHECK(s.message() == "only Owner or Admin may invite users; you are Manager");
  CHECK(RequireRole(manager, {Role::kManager}, "x").ok());
}
