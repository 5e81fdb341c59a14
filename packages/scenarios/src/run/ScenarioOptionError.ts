/**
 * An option given to runScenario that the scenario cannot take (an unknown proxy mode, a --until
 * after its end); `option` names it so the CLI can say which flag was wrong.
 */
export class ScenarioOptionError extends Error {
  readonly option: 'mode' | 'seed' | 'untilMs' | 'windowMs';

  constructor(option: ScenarioOptionError['option'], message: string) {
    super(message);
    this.name = 'ScenarioOptionError';
    this.option = option;
  }
}
