// The fonts printed licences are set in: Noto Serif SC (思源宋体, SIL Open Font License 1.1) in two weights,
// as package subpaths. The renderer reads them at run time; the manifest ships them with the function.
export const licenceFontPackage = '@expo-google-fonts/noto-serif-sc';

export const licenceFonts = {
  regular: `${licenceFontPackage}/400Regular/NotoSerifSC_400Regular.ttf`,
  bold: `${licenceFontPackage}/700Bold/NotoSerifSC_700Bold.ttf`,
} as const;

export const licenceFontFiles: readonly string[] = Object.values(licenceFonts);
