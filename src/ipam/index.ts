/** Pure IPAM: validation, subnet planning and container address allocation (spec §1.6, §2.4). */
export { DEFAULT_V4_POOLS, candidateSubnets, ulaPool, type AddressPool } from "./pools.js";
export { validateIpamRequest } from "./validate.js";
export { planPools, POOL_OVERLAPS, POOLS_EXHAUSTED, type PlanInput } from "./plan.js";
export { allocateAddress, noAvailableAddresses, poolBlocked, reservedAddresses } from "./allocator.js";
