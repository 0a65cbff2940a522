#include "keyway/rpc/admission.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "keyway/core/log.h"

namespace keyway::rpc {
namespace {

std::string ShortName(const std::string& method) {
  auto slash = method.rfind('/');
  return slash == std::string::npos ? method : method.substr(slash + 1);
}

// "Owners or Admins, the gateway service" — who the method is for, in words.
std::string Describe(const DeclaredCallers& d) {
  std::vector<std::string> who;
  if (!d.roles.empty()) {
    std::vector<std::string> roles;
    for (auth::Role r : d.roles) roles.push_back(auth::RoleTitle(r));
    who.push_back(absl::StrCat("people who are ", absl::StrJoin(roles, ", ")));
  }
  for (const auto& s : d.services) who.push_back(absl::StrCat("the ", s, " service"));
  if (d.operator_credential) who.push_back("the operator");
  if (d.device) who.push_back("devices");
  return absl::StrJoin(who, " or ");
}

absl::StatusOr<auth::Principal> AuthenticateSafely(Authenticator* authenticator,
                                                   const std::string& token) {
  if (authenticator == nullptr) {
    return absl::UnauthenticatedError("this server takes no access tokens");
  }
  // An authenticator's bug must not take the process down with it.
  try {
    return authenticator->Authenticate(token);
  } catch (const std::exception& e) {
    core::Log(core::Severity::kError, "authenticator threw").With("detail", e.what());
  } catch (...) {
    core::Log(core::Severity::kError, "authenticator threw");
  }
  return absl::UnauthenticatedError("invalid access token: it could not be checked");
}

}  // namespace

Admission Admit(const std::string& method, const DeclaredCallers& declared,
                const std::string& bearer, const ServiceCredentials& credentials,
                Authenticator* authenticator) {
  Admission a;
  const bool open = declared.is_public || declared.device;
  const std::string who = credentials.Identify(bearer);
  if (!who.empty()) {
    const bool allowed = who == "operator" ? declared.operator_credential
                                           : declared.services.count(who) != 0;
    if (allowed) {
      a.service = who;
    } else if (!open) {
      a.status = absl::PermissionDeniedError(absl::StrCat(
          who == "operator" ? "the operator's credential" : absl::StrCat("the ", who, " service"),
          " may not call ", ShortName(method), ": it is for ", Describe(declared)));
    }
    return a;
  }
  if (!bearer.empty()) a.principal = AuthenticateSafely(authenticator, bearer);
  if (open) return a;  // a token that does not verify is only not a principal
  if (declared.roles.empty()) {
    a.status = absl::UnauthenticatedError(absl::StrCat(
        ShortName(method), " is for ", Describe(declared),
        ": present that credential as `authorization: Bearer <credential>`"));
    return a;
  }
  if (!a.principal.ok()) {
    a.status = a.principal.status();
    return a;
  }
  if (!declared.roles.count(a.principal->role)) {
    std::vector<std::string> roles;
    for (auth::Role r : declared.roles) roles.push_back(auth::RoleTitle(r));
    a.status = absl::PermissionDeniedError(absl::StrCat(
        "only ", absl::StrJoin(roles, " or "), " may call ", ShortName(method), "; you are ",
        auth::RoleTitle(a.principal->role)));
  }
  return a;
}

}  // namespace keyway::rpc
