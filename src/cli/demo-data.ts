// The demo forum, modelled on "Planning for Xen 4.3" (Xen Summit, August 2012): its feature groups
// and items become categories, ideas and release features. People are fictional.
import type { Prognosis } from '../core/domain.ts'

export const DEMO_PASSWORD = 'tally-demo-password'

export const demoPeople = {
  coordinator: { email: 'coordinator@demo.tally', displayName: 'Georgia Dunn' },
  developers: [
    { email: 'ines@demo.tally', displayName: 'Ines Campos' },
    { email: 'rory@demo.tally', displayName: 'Rory Paulsen' },
    { email: 'wen@demo.tally', displayName: 'Wen Li' },
  ],
  members: Array.from({ length: 30 }, (_, i) => ({
    email: `user${String(i + 1).padStart(2, '0')}@demo.tally`,
    displayName: `${['Alex', 'Sam', 'Kim', 'Noor', 'Jo', 'Ravi', 'Lena', 'Tom', 'Ana', 'Yuki'][i % 10]} ${String.fromCharCode(65 + (i % 26))}.`,
  })),
}

export const demoCategories = [
  'Feature parity',
  'Scalability',
  'Performance',
  'New technologies',
  'xl improvements',
  'New features',
] as const
type Category = (typeof demoCategories)[number]

export interface DemoIdea {
  key: string
  title: string
  category: Category
  body: string
  /** How many of the demo members vote for it, and how heavily. */
  popularity: number
  effort?: number
}

export const demoIdeas: DemoIdea[] = [
  {
    key: 'blktap3',
    title: 'Blktap3: blktap for pvops kernels',
    category: 'Feature parity',
    popularity: 14,
    effort: 12,
    body: 'Blktap2 lets user space interpose on block devices (QCOW, VHD, snapshots) but is not upstreamable. Blktap3 would be fully user-space.',
  },
  {
    key: 'qemu-upstream',
    title: 'Default to qemu-upstream',
    category: 'Feature parity',
    popularity: 20,
    effort: 6,
    body: 'Use upstream QEMU as the default device model instead of qemu-xen-traditional.',
  },
  {
    key: 'qemu-dup',
    title: 'Make upstream QEMU the default device model',
    category: 'Feature parity',
    popularity: 4,
    body: 'Traditional qemu is a dead end; please switch the default.',
  },
  {
    key: 'pv-audio',
    title: 'PV audio for qemu stubdomains',
    category: 'Feature parity',
    popularity: 5,
    effort: 3,
    body: 'Stubdomains should reach parity with dom0 qemu, audio included.',
  },
  {
    key: 'ram-16t',
    title: 'Raise the RAM limit to 16 TiB',
    category: 'Scalability',
    popularity: 9,
    effort: 4,
    body: 'Large hosts are hitting the current limit.',
  },
  {
    key: 'evtchn',
    title: 'Raise event-channel limits',
    category: 'Scalability',
    popularity: 22,
    effort: 8,
    body: 'The 2-level bitmap allows 1024 event channels on 32-bit and 4096 on 64-bit. With four per PV guest (disk, net, console, xenstore) a 32-bit dom0 tops out at 256 guests.',
  },
  {
    key: 'numa-affinity',
    title: 'Real NUMA affinity for guests',
    category: 'Performance',
    popularity: 13,
    effort: 5,
    body: 'Place vCPUs and memory on the same node automatically.',
  },
  {
    key: 'numa-migration',
    title: 'NUMA: guest memory migration between nodes',
    category: 'Performance',
    popularity: 6,
    effort: 7,
    body: 'Move a guest’s memory when its vCPUs move.',
  },
  {
    key: 'vnuma',
    title: 'Virtual NUMA topology for guests',
    category: 'Performance',
    popularity: 8,
    effort: 6,
    body: 'Expose a NUMA topology to large guests.',
  },
  {
    key: 'pvh',
    title: 'PVH: PV guests using HVM extensions',
    category: 'Performance',
    popularity: 17,
    effort: 10,
    body: 'Use HVM extensions to drop the MMU pvops: fewer ugly hooks in Linux, faster page-table-heavy workloads and 64-bit system calls.',
  },
  {
    key: 'persistent-grants',
    title: 'Persistent grants for block devices',
    category: 'Performance',
    popularity: 15,
    effort: 3,
    body: 'Reuse grant mappings instead of mapping and unmapping for every request.',
  },
  {
    key: 'multipage-rings',
    title: 'Multi-page blk and net rings',
    category: 'Performance',
    popularity: 7,
    effort: 4,
    body: 'Bigger rings for faster storage and network.',
  },
  {
    key: 'arm',
    title: 'ARM server support',
    category: 'New technologies',
    popularity: 12,
    effort: 9,
    body: 'Run Xen on the coming ARM servers (Cortex-A15 with virtualization extensions).',
  },
  {
    key: 'ovs',
    title: 'Openvswitch integration',
    category: 'New technologies',
    popularity: 10,
    effort: 2,
    body: 'First-class vif scripts for Open vSwitch bridges.',
  },
  {
    key: 'efi',
    title: 'EFI: a signed Xen image from the build',
    category: 'New technologies',
    popularity: 6,
    effort: 2,
    body: 'So Xen boots with Secure Boot enabled.',
  },
  {
    key: 'xl-import',
    title: 'xl vm import/export',
    category: 'xl improvements',
    popularity: 9,
    effort: 3,
    body: 'Move guests between hosts and tools with xl.',
  },
  {
    key: 'usb',
    title: 'USB pass-through in xl',
    category: 'xl improvements',
    popularity: 11,
    effort: 4,
    body: 'Pass a USB device to a guest from xl, as xm could.',
  },
  {
    key: 'hotplug-scripts',
    title: 'Rationalize backend driver scripts',
    category: 'xl improvements',
    popularity: 3,
    body: 'One consistent way for hotplug scripts.',
  },
  {
    key: 'nested',
    title: 'Nested virtualization (Windows XP mode)',
    category: 'New features',
    popularity: 8,
    effort: 8,
    body: 'Run hypervisors inside guests; Windows XP compatibility mode needs it.',
  },
  {
    key: 'snapshots',
    title: 'Full-VM snapshotting and cloning',
    category: 'New features',
    popularity: 16,
    effort: 6,
    body: 'Snapshot a running guest, memory and disks, and clone it.',
  },
  {
    key: 'storage-migration',
    title: 'Storage migration',
    category: 'New features',
    popularity: 10,
    effort: 7,
    body: 'Move a guest’s disks while it runs.',
  },
]

export const demoRelease = {
  name: '4.3',
  featureFreezeAt: '2013-03-25T00:00:00Z',
  codeFreezeAt: '2013-04-15T00:00:00Z',
  firstRcAt: '2013-05-06T00:00:00Z',
  releaseAt: '2013-06-10T00:00:00Z',
  capacity: 40,
  slip: {
    releaseAt: '2013-06-17T00:00:00Z',
    reason: 'One more RC for the qemu-upstream switch',
    at: '2013-05-02T09:00:00Z',
  },
}

export const nextRelease = {
  name: '4.4',
  featureFreezeAt: '2013-10-18T00:00:00Z',
  releaseAt: '2014-03-10T00:00:00Z',
  capacity: 45,
}

export interface DemoFeature {
  idea?: string
  title?: string
  group?: Category
  owner?: 'ines' | 'rory' | 'wen' | string
  status: string
  prognosis: Prognosis
  external?: boolean
  techPreview?: boolean
  /** Promoted after the feature freeze, with this exception. */
  exception?: string
}

export const demoFeatures: DemoFeature[] = [
  { idea: 'persistent-grants', owner: 'rory', status: 'merged', prognosis: 'done' },
  {
    title: 'Serial console improvements: EHCI debug port',
    group: 'New features',
    owner: 'Jan (SUSE)',
    status: 'merged',
    prognosis: 'done',
  },
  {
    idea: 'qemu-upstream',
    owner: 'Anthony (Citrix)',
    status: 'switched for HVM; pci pass-thru still to test',
    prognosis: 'good',
    external: true,
  },
  { idea: 'numa-affinity', owner: 'wen', status: 'v4 posted, acked', prognosis: 'good' },
  {
    idea: 'arm',
    owner: 'Stefano (Citrix)',
    status: 'dom0 boots on the Arndale board',
    prognosis: 'excellent',
    exception: 'Only touches xen/arch/arm; no risk for x86',
  },
  {
    idea: 'pvh',
    owner: 'Mukesh (Oracle)',
    status: 'RFC v3 posted; Linux side under review',
    prognosis: 'fair',
    external: true,
    techPreview: true,
  },
  { idea: 'evtchn', owner: 'ines', status: 'design agreed, code not posted', prognosis: 'poor' },
  {
    idea: 'blktap3',
    owner: 'Thanos (Citrix)',
    status: 'prototype only',
    prognosis: 'not-for-this-release',
  },
]
