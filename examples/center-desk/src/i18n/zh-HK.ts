import zhCN, { type DeskCatalog } from './zh-CN.js';
const catalog: DeskCatalog = { ...zhCN };
export default catalog;
