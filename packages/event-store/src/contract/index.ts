export { eventStoreContract, type ContractFactory, type ContractStorage } from './suite';
export * from './fixtures';
