export { DoraCard } from './DoraCard';
export { DoraPage } from './DoraPage';
