export { CanaryContent } from './CanaryContent';
