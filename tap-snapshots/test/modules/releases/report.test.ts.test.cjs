/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/modules/releases/report.test.ts > TAP > markdown report > markdown 1`] = `
# Xen 4.3 development update

## Timeline

- Feature freeze: 25 March 2013
- **Code freeze: 15 April 2013** <== We are here
- First RC: 6 May 2013
- Release: 17 June 2013

The release date slipped from 10 June 2013 to 17 June 2013 on 20 April 2013: Extra RC for the qemu-upstream switch

Last updated: 20 April 2013

## Prognosis

| prognosis | meaning |
| --- | --- |
| excellent | it would be very surprising if this did not make it |
| good | on track, and likely to make it |
| fair | a fair chance of making it, but not certain |
| poor | likely to miss the release unless something changes |
| done | finished |
| not-for-this-release | will not be in 4.3 |

Demand is the votes and voters of the ideas each feature answers.

## Completed

### Performance

- **Persistent grants**
  - owner: Roger Pau Monné
  - status: merged
  - prognosis: done
  - demand: 6 votes, 3 voters

## On track

### Feature parity

- **Default to QEMU upstream** (external)
  - owner: Anthony
  - status: libxl part done; pci pass-thru left
  - prognosis: good
  - demand: 4 votes, 2 voters

### New technologies

- **ARM servers \\<b\\>64-bit\\</b\\>**
  - owner: ?
  - status: -
  - prognosis: excellent
  - demand: 0 votes, 0 voters
  - freeze exception: Only touches xen/arch/arm

## At risk

### Performance

- **PVH mode (w/ Linux)** (external) (tech preview)
  - owner: Mukesh
  - status: RFC v3 posted
  - prognosis: fair
  - demand: 1 vote, 1 voter

### Scalability

- **Event channel scalability**
  - owner: ?
  - status: design agreed
  - prognosis: poor
  - demand: 15 votes, 5 voters

## Not for this release

### Feature parity

- **Blktap3**
  - owner: Thanos
  - status: no progress
  - prognosis: not-for-this-release
  - demand: 0 votes, 0 voters

`

exports[`test/modules/releases/report.test.ts > TAP > text report > text 1`] = `
Xen 4.3 development update
==========================

= Timeline =

* Feature freeze: 25 March 2013
* Code freeze: 15 April 2013     <== We are here
* First RC: 6 May 2013
* Release: 17 June 2013

The release date slipped from 10 June 2013 to 17 June 2013 on 20 April 2013: Extra RC for the qemu-upstream switch

Last updated: 20 April 2013

= Prognosis =

The prognosis is our best guess of how likely a feature is to make it:
* excellent: it would be very surprising if this did not make it
* good: on track, and likely to make it
* fair: a fair chance of making it, but not certain
* poor: likely to miss the release unless something changes
* done: finished
* not-for-this-release: will not be in 4.3

Demand is the votes and voters of the ideas each feature answers.

== Completed ==

[Performance]

* Persistent grants
  owner: Roger Pau Monné
  status: merged
  prognosis: done
  demand: 6 votes, 3 voters

== On track ==

[Feature parity]

* Default to QEMU upstream (external)
  owner: Anthony
  status: libxl part done; pci pass-thru left
  prognosis: good
  demand: 4 votes, 2 voters

[New technologies]

* ARM servers <b>64-bit</b>
  owner: ?
  status: -
  prognosis: excellent
  demand: 0 votes, 0 voters
  freeze exception: Only touches xen/arch/arm

== At risk ==

[Performance]

* PVH mode (w/ Linux) (external) (tech preview)
  owner: Mukesh
  status: RFC v3 posted
  prognosis: fair
  demand: 1 vote, 1 voter

[Scalability]

* Event channel scalability
  owner: ?
  status: design agreed
  prognosis: poor
  demand: 15 votes, 5 voters

== Not for this release ==

[Feature parity]

* Blktap3
  owner: Thanos
  status: no progress
  prognosis: not-for-this-release
  demand: 0 votes, 0 voters

`
