export { runPublish, type PublishRun } from './run';
export { Publisher, stepsOf } from './publisher';
export { NAMED_MODELS, resolveModels } from './models';
export { openSql, type SqlClient } from './sql';
