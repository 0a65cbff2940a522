#pragma once
// What a lock says of a job a phone or a Bridge hands it, as the gateway's
// JobResult: the lock opens the seal, applies the job and signs its answer
// (S6). A job that does not open for this lock is answered NOT_REACHED
// without a signature: the carrier can say no more, and the job stays pending.

#include "keyway/gateway/v1/gateway_service.pb.h"
#include "keyway/lockmodel/lock.h"

namespace keyway::locksim {

gateway::v1::JobResult AnswerJob(lockmodel::Lock& lock, const gateway::v1::DeviceJob& job);

}  // namespace keyway::locksim
