#pragma once
// Who may call each RPC, as its proto declares it (keyway.options.v1.callers),
// and the credentials a server knows its callers by. The interceptor admits
// or refuses every call from these before its handler runs (S3).

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "keyway/auth/principal.h"

namespace keyway::rpc {

struct DeclaredCallers {
  bool is_public = false;
  bool device = false;
  bool operator_credential = false;
  std::set<std::string> services;
  std::set<auth::Role> roles;
};

// The declaration of a full method name ("/keyway.org.v1.OrgService/ListLocks"),
// read from the generated descriptor pool. NOT_FOUND for a method no linked
// proto defines, FAILED_PRECONDITION for one that declares no callers.
absl::StatusOr<DeclaredCallers> CallersOf(const std::string& method);

// Every method of a service (full name "keyway.org.v1.OrgService") declares
// its callers; FAILED_PRECONDITION naming those that do not.
absl::Status RequireDeclarations(const std::string& service_full_name);

// The full method names of a service ("/pkg.Service/Method").
std::vector<std::string> MethodsOf(const std::string& service_full_name);

// The credentials a server takes other than people's access tokens: only
// SHA-256 digests are kept, so that a configuration that leaks cannot be
// replayed as a credential.
class ServiceCredentials {
 public:
  // `operator_token`: the operator's credential, empty for none. `callers`:
  // "name:sha256hex,name:sha256hex" (the digests of the credentials of the
  // services that may call this one). INVALID_ARGUMENT for a malformed list.
  static absl::StatusOr<ServiceCredentials> Parse(const std::string& operator_token,
                                                  const std::string& callers);

  // Who presented `token`: "operator", a service name, or empty for nobody
  // this server knows. Compares digests in constant time.
  std::string Identify(const std::string& token) const;

  bool has_operator() const { return !operator_digest_.empty(); }

 private:
  std::string operator_digest_;                   // raw 32 bytes, or empty
  std::map<std::string, std::string> services_;   // digest (raw) -> service name
};

// The digest of a credential as --service_callers lists it (hex SHA-256).
std::string CredentialDigest(const std::string& credential);

}  // namespace keyway::rpc
