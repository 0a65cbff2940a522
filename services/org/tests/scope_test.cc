#include <catch2/catch.hpp>

#include "scope.h"

using namespace keyway::org;
using keyway::auth::Role;

TEST_CASE("O3: Owners and Admins may act on everything of their organisation") {
  for (Role r : {Role::kOwner, Role::kAdmin}) {
    ScopeSubject s{r, true, {}};
    CHECK(CheckScope(s, {"d1"}, "lock 1").ok());
    CHECK(CheckScope(s, {}, "lock 2").ok());
    CHECK(SeesWholeOrganisation(s));
  }
}

TEST_CASE("O4: a Manager acts only in their departments") {
  ScopeSubject manager{Role::kManager, true, {"d1", "d2"}};
  CHECK(CheckScope(manager, {"d2", "d9"}, "lock 1").ok());
  auto other = CheckScope(manager, {"d3"}, "lock 7");
  CHECK(other.code() == absl::StatusCode::kPermissionDenied);
  CHECK(other.message() ==
        "lock 7 is not in any of your departments: a Manager acts only in their departments (O4)");
  CHECK_FALSE(CheckScope(manager, {}, "lock 8").ok());  // in no department at all
  ScopeSubject none{Role::kManager, true, {}};
  CHECK_FALSE(CheckScope(none, {"d1"}, "lock 1").ok());
}

TEST_CASE("O1: in a flat organisation a Manager is not limited by departments") {
  ScopeSubject manager{Role::kManager, false, {}};
  CHECK(CheckScope(manager, {}, "lock 1").ok());
}

TEST_CASE("O5: a Lock User acts on no lock through org") {
  ScopeSubject user{Role::kLockUser, true, {"d1"}};
  auto s = CheckScope(user, {"d1"}, "lock 1");
  CHECK(s.code() == absl::StatusCode::kPermissionDenied);
  CHECK(s.message().find("(O5)") != std::string::npos);
}
