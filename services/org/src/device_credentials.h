#pragma once
// L4, L7: the credentials devices present to the gateway (a Bridge's, an
// NB-IoT lock's): "<id>.<secret>", the id to find the device, the secret to
// prove it. Only the secret's hash is kept (K4).

#include <optional>
#include <string>

namespace keyway::org {

struct IssuedCredential {
  std::string text;  // shown once
  std::string hash;  // kept
};
IssuedCredential IssueDeviceCredential(const std::string& device_id);

// The device id a well-formed credential names.
std::optional<std::string> CredentialDeviceId(const std::string& credential);
// Whether its secret is the one whose hash was kept (in constant time).
bool CredentialMatches(const std::string& credential, const std::string& kept_hash);

}  // namespace keyway::org
