#include "keyway/rpc/callers.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "keyway/core/hash.h"
#include "keyway/options/v1/callers.pb.h"

namespace keyway::rpc {
namespace {

namespace ov1 = keyway::options::v1;

const google::protobuf::MethodDescriptor* FindMethod(const std::string& method) {
  // "/pkg.Service/Method" -> "pkg.Service.Method"
  if (method.size() < 2 || method[0] != '/') return nullptr;
  std::string full = method.substr(1);
  auto slash = full.find('/');
  if (slash == std::string::npos) return nullptr;
  full[slash] = '.';
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full);
}

auth::Role RoleOf(int declared) {
  switch (declared) {
    case ov1::CALLER_ROLE_OWNER: return auth::Role::kOwner;
    case ov1::CALLER_ROLE_ADMIN: return auth::Role::kAdmin;
    case ov1::CALLER_ROLE_MANAGER: return auth::Role::kManager;
    case ov1::CALLER_ROLE_LOCK_USER: return auth::Role::kLockUser;
    default: return auth::Role::kUnspecified;
  }
}

absl::StatusOr<DeclaredCallers> Read(const google::protobuf::MethodDescriptor& m) {
  const std::string name = absl::StrCat("/", m.service()->full_name(), "/", m.name());
  if (!m.options().HasExtension(ov1::callers)) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, " declares no callers: add option (keyway.options.v1.callers)"));
  }
  const ov1::Callers& c = m.options().GetExtension(ov1::callers);
  DeclaredCallers d;
  d.is_public = c.public_();
  d.device = c.device();
  d.operator_credential = c.operator_();
  for (const auto& s : c.services()) d.services.insert(s);
  for (int r : c.roles()) {
    auth::Role role = RoleOf(r);
    if (role == auth::Role::kUnspecified) {
      return absl::FailedPreconditionError(absl::StrCat(name, " declares an unknown role"));
    }
    d.roles.insert(role);
  }
  if (!d.is_public && !d.device && !d.operator_credential && d.services.empty() && d.roles.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(name, " declares callers but names none"));
  }
  return d;
}

}  // namespace

absl::StatusOr<DeclaredCallers> CallersOf(const std::string& method) {
  const auto* m = FindMethod(method);
  if (m == nullptr) return absl::NotFoundError(absl::StrCat("no linked proto defines ", method));
  return Read(*m);
}

std::vector<std::string> MethodsOf(const std::string& service_full_name) {
  std::vector<std::string> out;
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_full_name);
  if (service == nullptr) return out;
  for (int i = 0; i < service->method_count(); ++i) {
    out.push_back(absl::StrCat("/", service_full_name, "/", service->method(i)->name()));
  }
  return out;
}

absl::Status RequireDeclarations(const std::string& service_full_name) {
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_full_name);
  if (service == nullptr) {
    return absl::NotFoundError(absl::StrCat("no linked proto defines ", service_full_name));
  }
  std::vector<std::string> missing;
  for (int i = 0; i < service->method_count(); ++i) {
    if (auto d = Read(*service->method(i)); !d.ok()) missing.push_back(std::string(d.status().message()));
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrJoin(missing, "; "));
}

std::string CredentialDigest(const std::string& credential) { return core::Sha256Hex(credential); }

absl::StatusOr<ServiceCredentials> ServiceCredentials::Parse(const std::string& operator_token,
                                                             const std::string& callers) {
  ServiceCredentials c;
  if (!operator_token.empty()) c.operator_digest_ = core::Sha256(operator_token);
  for (absl::string_view entry : absl::StrSplit(callers, ',', absl::SkipWhitespace())) {
    std::vector<std::string> parts = absl::StrSplit(absl::StripAsciiWhitespace(entry), ':');
    std::string digest;
    if (parts.size() != 2 || parts[0].empty() || parts[1].size() != 64 ||
        !absl::ascii_isxdigit(static_cast<unsigned char>(parts[1][0]))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--service_callers entry '", entry,
          "' is not name:sha256hex (the hex SHA-256 of that service's --service_credential)"));
    }
    digest = absl::HexStringToBytes(parts[1]);
    if (digest.size() != 32 || absl::BytesToHexString(digest) != absl::AsciiStrToLower(parts[1])) {
      return absl::InvalidArgumentError(
          absl::StrCat("--service_callers entry '", entry, "' has a digest that is not hex"));
    }
    c.services_[digest] = parts[0];
  }
  return c;
}

std::string ServiceCredentials::Identify(const std::string& token) const {
  if (token.empty()) return "";
  const std::string digest = core::Sha256(token);
  std::string who;
  // Every entry is compared, so that the time taken says nothing of which matched.
  if (!operator_digest_.empty() && core::ConstantTimeEquals(digest, operator_digest_)) who = "operator";
  for (const auto& [known, name] : services_) {
    if (core::ConstantTimeEquals(digest, known)) who = name;
  }
  return who;
}

}  // namespace keyway::rpc
