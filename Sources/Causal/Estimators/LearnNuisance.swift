/// Learners from the Learn module (random forest, histogram gradient boosting), adapted to
/// ``NuisanceLearner``. Empty until Learn's models land; the registry picks these up by name.
let learnModelFactories: [String: NuisanceLearnerFactory] = [:]
