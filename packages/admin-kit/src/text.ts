/** The kit's own words (its components'). */
export const KIT_TEXT = {
  zh: {
    loading: '加载中…',
    retry: '重试',
    errorTitle: '出错了',
    serverError: '服务器拒绝了请求：',
    empty: '没有数据',
    asOf: '截至',
    today: '今天',
    yes: '是',
    no: '否',
  },
  en: {
    loading: 'Loading…',
    retry: 'Retry',
    errorTitle: 'Something went wrong',
    serverError: 'The server refused the request:',
    empty: 'No data',
    asOf: 'As of',
    today: 'today',
    yes: 'yes',
    no: 'no',
  },
};
