/** The kit's own words (its components'). */
export const KIT_TEXT = {
  zh: {
    loading: '加载中…',
    retry: '重试',
    errorTitle: '出错了',
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
    empty: 'No data',
    asOf: 'As of',
    today: 'today',
    yes: 'yes',
    no: 'no',
  },
};
