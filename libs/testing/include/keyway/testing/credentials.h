#pragma once
// The credentials of a test process (S3): each Keyway service's own, the
// operator's, and the --service_callers list a callee admits them by, so
// that in-process services call each other as they do in production.

#include <string>
#include <vector>

#include "keyway/core/sealed_box.h"

namespace keyway::testing {

// The same for a name throughout the process, different in every process.
std::string ServiceCredential(const std::string& service);
std::string OperatorToken();
// "gateway:<sha256 hex>,jobs:<sha256 hex>" for ServiceCredential of each.
std::string ServiceCallers(const std::vector<std::string>& services);

// K4: the notify service's key pair of the process: identity and access seal
// secrets on their streams for its public key; a test reads them with Unsealed.
const core::BoxKeyPair& NotifyKeys();
// The plaintext of a box sealed for NotifyKeys(); empty when it does not open.
std::string Unsealed(const std::string& sealed);

}  // namespace keyway::testing
