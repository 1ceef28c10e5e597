// Counts heap allocations through the global operator new, which test_pig_session.cpp replaces
// for the whole test binary (forwarding to malloc / free): the stream tests check that a push
// allocates nothing.
#pragma once

namespace hipmech::test {

/// Starts (true) or stops (false) counting calls of the global operator new (all forms that
/// the test binary replaces: new, new[], nothrow), and resets the count when starting.
void count_allocations(bool on) noexcept;

/// Calls of the global operator new since count_allocations(true).
long allocations() noexcept;

}  // namespace hipmech::test
