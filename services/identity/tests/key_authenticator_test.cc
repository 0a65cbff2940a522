// Other services verify identity's access tokens with the keys it publishes.
#include "identity_fixture.h"
#include "keyway/identity_client/key_authenticator.h"

using namespace keyway::identity::testing;
using keyway::identity_client::KeyAuthenticator;

TEST_CASE("other services verify access tokens with the keys identity publishes") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  KeyAuthenticator keys(keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(f.server().port())),
                        f.clock());
  REQUIRE(keys.Refresh().ok());
  auto principal = keys.Authenticate(owner.access_token);
  REQUIRE(principal.ok());
  CHECK(principal->user_id == owner.user_id);
  CHECK(principal->organisation_id == owner.organisation_id);
  CHECK(principal->role == keyway::auth::Role::kOwner);

  // A changed signature, a token of another issuer's key, and an expired token are refused.
  std::string tampered = owner.access_token;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  CHECK(keys.Authenticate(tampered).status().code() == absl::StatusCode::kUnauthenticated);
  auto stranger = keyway::auth::SigningKey::Generate();
  std::string foreign = stranger.Sign({{owner.user_id, owner.organisation_id,
                                        keyway::auth::Role::kOwner, "s"},
                                       "jti", f.clock().Now(), f.clock().Now() + absl::Minutes(5)});
  f.clock().Advance(absl::Minutes(1));  // allows a refetch for the unknown key: still unknown
  CHECK(keys.Authenticate(foreign).status().message().find("unknown key") != std::string::npos);
  f.clock().Advance(absl::Minutes(5));
  CHECK(keys.Authenticate(owner.access_token).status().message().find("expired") !=
        std::string::npos);
}
