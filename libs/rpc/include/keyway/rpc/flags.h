#pragma once
// Configuration comes from command-line flags (absl flags); each flag falls
// back to the environment variable KEYWAY_<FLAG_NAME_IN_CAPITALS>, so the dev
// script and the Kubernetes manifests can use the same names.

#include <string>
#include <vector>

namespace keyway::rpc {

// Applies environment fallbacks, then parses argv (which wins). Returns the
// positional arguments. Exits with a usage message on a bad flag.
std::vector<char*> ParseFlags(int argc, char** argv, const std::string& usage);

// A name for this replica among its service's consumers: "<service>-<host>-<pid>".
std::string ReplicaName(const std::string& service);

// The environment variable that backs `flag_name`: "db_url" -> "KEYWAY_DB_URL".
std::string EnvVarOf(const std::string& flag_name);

}  // namespace keyway::rpc
