export { SlipwayOverviewCard } from './SlipwayOverviewCard';
