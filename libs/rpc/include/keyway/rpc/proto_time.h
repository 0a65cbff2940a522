#pragma once
// absl::Time and absl::Duration to and from the protobuf well-known types
// the APIs use (google.protobuf.Timestamp and Duration), to the microsecond.

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace keyway::rpc {

google::protobuf::Timestamp ToTimestamp(absl::Time t);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);
google::protobuf::Duration ToDuration(absl::Duration d);
absl::Duration FromDuration(const google::protobuf::Duration& d);

}  // namespace keyway::rpc
