// The features module's public surface for other modules.
export {
  backlogOf,
  featuresOfRelease,
  featuresOfReleases,
  linkedIdeas,
  recordFeatureChange,
  updateFeature,
} from './repository.ts'
export type { FeatureRow } from './repository.ts'
export { toFeatures, type Feature } from './service.ts'
