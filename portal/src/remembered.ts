// What the portal remembers in the browser (localStorage): the chosen language and the 适老化 mode. The app
// and the drawn pages' island read and write the same keys, so either one's choice holds in the other.
export const languageKey = 'tongban.language';
export const careKey = 'tongban.care';
