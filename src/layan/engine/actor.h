#pragma once

#include "layan/domain/access/access.h"
#include "layan/store/personal_data.h"

namespace layan::engine {

/// Who performs an action and from where ({actor, role, ip, device}): recorded in every event's metadata
/// (store::MetadataOf), the same record as the vault's processors and the accounts' audit events.
using Actor = store::Processor;

/// Who calls a use case: their powers (checked by the use case itself) and how they are recorded.
struct Caller {
    domain::access::Principal principal;
    Actor actor;
};

}  // namespace layan::engine
